/** homeport's own persistent state: the state directory, atomic file writes, and the run lock. */
package dev.homeport.state;
