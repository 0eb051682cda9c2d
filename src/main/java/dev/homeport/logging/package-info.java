/**
 * homeport's logging: SLF4J's provider for the whole process (ours and the libraries'), which answers "is this level
 * enabled?" from a small table and starts Logback only for the first event that is, so a run that logs nothing never
 * initialises it; the table's defaults, {@code -v}/{@code -vv}/{@code -q}, and Logback's configuration in code.
 */
package dev.homeport.logging;
