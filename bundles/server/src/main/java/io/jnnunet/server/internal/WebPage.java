package io.jnnunet.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The lab's web page at {@value #ROOT}{@code /}: the bundle's static files ({@code /web/}: the page, its scripts and
 * styles), served to anyone, since the login form is one of them. Everything it shows comes from the API under
 * /api, which the page calls with the credentials the person typed (kept in the tab's session storage), so no route
 * of the API is open through it. A flat folder of plain names only: no path ever leaves {@code /web/}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("jnnunet-web")
@HttpWhiteboardServletPattern({WebPage.ROOT, WebPage.ROOT + "/*"})
public class WebPage extends HttpServlet {

    static final String ROOT = "/lab";
    static final String FOLDER = "/web/";
    static final String INDEX = "index.html";
    private static final long serialVersionUID = 1L;
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");
    /** Scripts, styles and calls only from the server itself; pictures also from the page's own blobs. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty()) {
            // relative links of the page resolve against /lab/, not /
            response.sendRedirect(request.getContextPath() + ROOT + "/");
            return;
        }
        String name = file(path);
        URL resource = name == null ? null : WebPage.class.getResource(FOLDER + name);
        if (resource == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "the web page has no such file");
            return;
        }
        response.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        // the bundle may be updated while a browser keeps the page: it asks again each time
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        try (InputStream in = resource.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /** The file of {@code /web/} a request path under {@value #ROOT} names, or {@code null} for a path of none. */
    static String file(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty()) {
            return null;
        }
        String name = pathInfo.equals("/") ? INDEX : pathInfo.substring(1);
        return FILE.matcher(name).matches() ? name : null;
    }
}
