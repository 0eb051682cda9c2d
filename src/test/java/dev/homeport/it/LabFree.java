package dev.homeport.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an IT class that drives the built jar without the lab (loopback servers only, no root): {@link LabCondition}
 * lets it run where the lab cannot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LabFree {
}
