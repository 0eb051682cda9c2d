/**
 * Keeps the config true while running: reconciles when the router announces a restart or a new address (SSDP
 * NOTIFY, NAT-PMP/PCP announcements) and checks on an interval in between, reloading the config when asked.
 */
package dev.homeport.watch;
