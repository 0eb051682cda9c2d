/**
 * Reachability diagnostics: small checks (local server, firewall, router, WAN address, DNS, hairpin) that each ask
 * the world through a seam of this package and answer with a {@link dev.homeport.doctor.Check}.
 */
package dev.homeport.doctor;
