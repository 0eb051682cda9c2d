/** The declarative config file (YAML): loading, validation with file/line/key errors, and the effective values. */
package dev.homeport.config;
