/** Shared network plumbing: the one OkHttp client's configuration, address classification, local routes. */
package dev.homeport.net;
