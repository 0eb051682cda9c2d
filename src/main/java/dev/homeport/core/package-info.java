/** The small shared core: port-mapping values, the router seam and the failure kinds every capability reports. */
package dev.homeport.core;
