package io.jnnunet.server.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.security.auth.login.LoginException;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the API logs in before anything else happens, before its route is even matched (so an unknown path
 * says 401 too): {@code Authorization: Basic} with a user of Karaf's JAAS realm ({@link KarafLogin}, remembered for
 * {@link ServerConfig#login_cache_seconds()}), or {@code Authorization: Bearer} with a token an admin created
 * ({@link TokenStore}); only the {@link #PUBLIC} routes need none. No, malformed or wrong credentials get 401 with
 * {@code WWW-Authenticate: Basic realm="jnnunet"}; a caller with neither of the server's roles gets 403. The
 * request's {@link SecurityContext} then names the caller, their roles and the scheme, for {@link Roles}.
 *
 * <p>The refusals are thrown as {@link ApiException}s: CXF maps what a filter throws with the application's
 * {@link ErrorMapper}, so they have the same JSON body as every other error.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = ServerConfig.PID)
@JaxrsExtension
@JaxrsName(AuthFilter.NAME)
@JaxrsApplicationSelect(LabApplication.SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {

    /** The extension's name, which the application requires before it serves anything. */
    static final String NAME = "jnnunet.auth";
    /**
     * The routes anyone may call, as "METHOD path" under /api: the API's own description. The web page's files
     * ({@link WebPage}, its login form among them) lie outside /api and need no login either.
     */
    static final Set<String> PUBLIC = Set.of(HttpMethod.GET + " " + OpenApiResource.PATH);
    /**
     * The header and value the web page sends with each request: its 401s come without
     * {@code WWW-Authenticate: Basic}, which would make the browser show its own login dialog over the page's.
     */
    static final String REQUESTED_WITH = "X-Requested-With";
    static final String WEB_PAGE = "jnnunet-web";
    private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);

    private final KarafLogin karaf;
    private final TokenStore tokens;
    private volatile LoginCache logins;

    @Activate
    public AuthFilter(@Reference KarafLogin karaf, @Reference TokenStore tokens, ServerConfig config) {
        this(karaf, tokens, cache(config));
    }

    AuthFilter(KarafLogin karaf, TokenStore tokens, LoginCache logins) {
        this.karaf = karaf;
        this.tokens = tokens;
        this.logins = logins;
    }

    /** Any change of the settings starts a new cache (its time may have changed): the logins so far are forgotten. */
    @Modified
    void modified(ServerConfig config) {
        logins = cache(config);
    }

    private static LoginCache cache(ServerConfig config) {
        return new LoginCache(Duration.ofSeconds(config.login_cache_seconds()), System::nanoTime);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request.getMethod(), request.getUriInfo().getPath())) {
            return;
        }
        SecurityContext caller;
        try {
            caller = caller(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                    .context(request.getSecurityContext().isSecure());
        } catch (ApiException refused) {
            throw forRequester(refused, request.getHeaderString(REQUESTED_WITH));
        }
        Roles.requireUser(caller);
        request.setSecurityContext(caller);
    }

    /** A refusal as the requester gets it: the web page's 401 without the challenge, any other as it is. */
    static ApiException forRequester(ApiException refused, String requestedWith) {
        if (refused.status() != Response.Status.UNAUTHORIZED.getStatusCode() || !WEB_PAGE.equals(requestedWith)) {
            return refused;
        }
        Map<String, String> headers = new HashMap<>(refused.headers());
        headers.remove(HttpHeaders.WWW_AUTHENTICATE);
        return new ApiException(refused.status(), refused.getMessage(), refused.details(), headers);
    }

    /**
     * Whether anyone may call a route without a login: only {@link #PUBLIC}'s, matched exactly (a path that merely
     * resolves to one, with dots or a trailing slash, needs a login like every other).
     */
    static boolean isPublic(String method, String path) {
        return PUBLIC.contains(method + " " + (path.startsWith("/") ? path.substring(1) : path));
    }

    /**
     * The caller an {@code Authorization} header proves.
     *
     * @throws ApiException 401 for no, malformed or wrong credentials; 503 when Karaf's realm cannot check them
     */
    Caller caller(String header) {
        if (header == null || header.isBlank()) {
            throw Roles.loginNeeded();
        }
        Credentials credentials;
        try {
            credentials = Credentials.parse(header);
        } catch (IllegalArgumentException e) {
            throw Roles.unauthorized(e.getMessage());
        }
        if (credentials instanceof Credentials.Bearer bearer) {
            return tokens.verify(bearer.token())
                    .orElseThrow(() -> Roles.unauthorized("the token is unknown or has been revoked"));
        }
        Credentials.Basic basic = (Credentials.Basic) credentials;
        LoginCache cache = logins;
        Optional<Caller> known = cache.get(header);
        if (known.isPresent()) {
            return known.get();
        }
        Caller caller;
        try {
            caller = karaf.login(basic.user(), basic.password())
                    .orElseThrow(() -> Roles.unauthorized("wrong user name or password"));
        } catch (LoginException e) {
            LOG.warn("Karaf's realm {} cannot check a login: {}", KarafLogin.REALM, e.toString());
            throw new ApiException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                    "Karaf's realm " + KarafLogin.REALM + " cannot check logins now: " + e.getMessage());
        }
        cache.put(header, caller);
        return caller;
    }
}
