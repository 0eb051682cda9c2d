/**
 * Reconciles the desired state (the config's forwards and dynamic DNS) with the router's table and the DNS
 * provider, idempotently, so that one scheduled run repairs whatever a reboot, an expired lease or a new address broke.
 */
package dev.homeport.reassert;
