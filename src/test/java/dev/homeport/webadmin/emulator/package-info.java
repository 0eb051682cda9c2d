/**
 * Stateful emulators of two Netgear admin UIs (SerComm setup.cgi and ACOS), rebuilt from
 * /work/shared/reference/netgear-webui.md: same page names, field names, tokens, auth, busy page and logout.
 */
package dev.homeport.webadmin.emulator;
