/**
 * Double NAT: detecting a second router between the home router and the internet, finding it (unicast SSDP) and
 * learning the home router's address on its LAN (NAT-PMP), so a port can be opened on both (docs/double-nat.md).
 */
package dev.homeport.doublenat;
