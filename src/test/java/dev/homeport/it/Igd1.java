package dev.homeport.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a lab IT class against a router that describes itself as IGD:1 only ({@code scripts/lab up igd1}, miniupnpd's
 * {@code force_igd_desc_v1}). Used on a subclass of an IGD:2 IT, so the same tests run against both:
 * {@code @Igd1 class Igd1UpnpForwardIT extends UpnpForwardIT {}}; the base class starts its lab with
 * {@link Lab#upFor}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Igd1 {
}
