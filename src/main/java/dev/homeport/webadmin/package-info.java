/**
 * The router web-admin fallback: profiles (YAML data describing a firmware's pages and forms), the form driver that
 * plays them over HTTP like a careful browser, and {@link dev.homeport.webadmin.WebAdmin}, the entry point that
 * yields a {@link dev.homeport.core.Router}.
 */
package dev.homeport.webadmin;
