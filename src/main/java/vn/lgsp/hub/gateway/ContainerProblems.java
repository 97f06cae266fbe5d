package vn.lgsp.hub.gateway;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.Problems;

/**
 * What Tomcat refuses before a request reaches the hub's filters or {@link ProblemErrorController}
 * (a request line or header block over the connector's limit, an encoded '/' or '\' or NUL in the
 * path, malformed percent-encoding, a control character in a header) is answered in problem+json
 * too: the host's error report valve, which would write an HTML page, is replaced by one that
 * renders the problem. TRACE is not refused by the connector but by the servlets, with a problem too.
 */
@Component
class ContainerProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Problems problems;

    ContainerProblems(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // TRACE goes on to the servlets, which answer it 405 problem+json like any method a path does not
        // have (Spring MVC dispatches it: spring.mvc.dispatch-trace-request); Tomcat would answer a bare 405
        factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
        factory.addContextCustomizers(context -> {
            Container parent = context.getParent();
            if (!(parent instanceof Host host)) {
                return;
            }
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve(problems));
            if (host instanceof StandardHost standard) {
                // the host adds a valve of this class at start unless it finds one
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** After Spring Boot's own customizer, which adds the HTML valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Renders an error response nothing else has written a body for. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final Problems problems;

        ProblemReportValve(Problems problems) {
            this.problems = problems;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            if (request.getAttribute(CorrelationId.KEY) == null) {
                String given = request.getHeader(CorrelationId.HEADER);
                request.setAttribute(CorrelationId.KEY, CorrelationId.isValid(given) ? given : CorrelationId.generate());
            }
            try {
                problems.write(request, response, status);
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or the response cannot take a body: the status stands
            }
        }
    }
}
