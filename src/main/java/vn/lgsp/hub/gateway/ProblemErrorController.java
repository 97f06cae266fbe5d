package vn.lgsp.hub.gateway;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/**
 * Replaces Spring Boot's error page: whatever the servlet container or Spring MVC rejects
 * (unknown path, wrong method, unreadable request) is answered in problem+json too.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final Problems problems;

    ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer s ? s : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        ErrorCode error = ErrorCode.forStatus(code);
        problems.write(request, response, error, detail(code, error), List.of());
    }

    /** The detail of a problem for a bare HTTP status (here, and for what Tomcat refuses itself). */
    static String detail(int status, ErrorCode error) {
        return switch (status) {
            case 400 -> "The request is malformed or over the server's limits";
            case 404 -> "No resource at this path";
            case 405 -> "This path does not accept this method";
            default -> error.title();
        };
    }
}
