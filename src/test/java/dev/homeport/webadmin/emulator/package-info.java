/**
 * Stateful emulators of two Netgear admin UIs (SerComm setup.cgi and ACOS), rebuilt from firmware facts (the web
 * roots and httpd/setup.cgi strings listed under {@code sources:} in {@code profiles/_families/}): same page names,
 * field names, tokens, auth, busy page and logout. They are not hardware: see docs/testing.md.
 */
package dev.homeport.webadmin.emulator;
