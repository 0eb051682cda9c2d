/** Lab integration tests: the built jar driven as a user would, inside the network namespaces of scripts/lab. */
package dev.homeport.it;
