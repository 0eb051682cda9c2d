/** IPv6 reachability: keeping this host's inbound pinholes open (and recorded) through any {@code Pinholes} seam. */
package dev.homeport.ipv6;
