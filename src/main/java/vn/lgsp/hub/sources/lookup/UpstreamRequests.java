package vn.lgsp.hub.sources.lookup;

import org.springframework.stereotype.Component;

/**
 * The request a source takes when it needs no body: a GET of its path and query. A source whose
 * database takes a body (the population database's SOAP call) names its own request writer in its
 * route file ({@code request: populationRequests?method=soap}).
 */
@Component("upstreamRequests")
public class UpstreamRequests {

    /** Nothing to write: the template's GET stands. */
    public void none() {
        // the route template already set the method, path, query and headers of a GET
    }
}
