/**
 * homeport's guards at its output boundary and its XML parsers: the secret redactor, the terminal-text sanitizer,
 * and XML parser factories that refuse DTDs for every parser of the process, jUPnP's included.
 */
package dev.homeport.guard;
