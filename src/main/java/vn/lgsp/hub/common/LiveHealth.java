package vn.lgsp.hub.common;

/**
 * A part of {@code /actuator/health} that the hub holds in memory and that can change at any moment (a
 * source's breaker opening, its route stopped): its fingerprint changes whenever what the health says of
 * it would, so that the health answer kept by {@link HealthProbeFilter} is made again at once.
 */
@FunctionalInterface
public interface LiveHealth {

    /** Equal while the part's health stays the same; cheap: read on every probe. */
    int fingerprint();
}
