package vn.lgsp.hub.gateway;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
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

    /**
     * Renders the error of another request. Called directly, {@code /error} is a path like any
     * unknown one: 404.
     */
    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = request.getDispatcherType() != DispatcherType.ERROR ? HttpServletResponse.SC_NOT_FOUND
                : status instanceof Integer s ? s : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        problems.write(request, response, code);
    }

}
