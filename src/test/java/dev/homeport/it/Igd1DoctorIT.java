package dev.homeport.it;

/** Every test of {@link DoctorIT}, against a router that describes itself as IGD:1 only. */
@Igd1
class Igd1DoctorIT extends DoctorIT {
}
