package io.jnnunet.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import org.junit.Test;

/** The OpenAPI document names exactly the routes the resources serve: every method and path, no more, no fewer. */
public class OpenApiDocumentTest {

    @Test
    public void theDocumentListsEveryRouteOfTheResourcesAndNoOther() throws Exception {
        Set<String> routes = new TreeSet<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(javax.ws.rs.Path.class).value();
            for (Method method : resource.getMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                javax.ws.rs.Path sub = method.getAnnotation(javax.ws.rs.Path.class);
                routes.add(verb + " " + normalise("/" + base + (sub == null ? "" : "/" + sub.value())));
            }
        }
        Set<String> documented = new TreeSet<>();
        JsonNode document;
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            document = new ObjectMapper().readTree(in);
        }
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                verb -> documented.add(verb.toUpperCase(Locale.ROOT) + " " + normalise(path.getKey()))));
        assertFalse("the resources serve no routes: the scan is broken", routes.isEmpty());
        assertEquals(routes, documented);
        assertEquals("3.0.3", document.path("openapi").asText());
    }

    /** Path parameters compared by position, not name: {@code /jobs/{id}} and {@code /jobs/{job}} are one route. */
    private static String normalise(String path) {
        return path.replaceAll("/+", "/").replaceAll("\\{[^}]+}", "{}").replaceAll("/$", "");
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        return method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
    }

    /** Every class of the package with a JAX-RS {@code @Path}, found among the compiled classes. */
    private static Set<Class<?>> resources() throws Exception {
        URL url = OpenApiResource.class.getResource(OpenApiResource.class.getSimpleName() + ".class");
        Path folder = Path.of(url.toURI()).getParent();
        Set<Class<?>> resources = new java.util.LinkedHashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName(OpenApiResource.class.getPackageName() + "."
                            + name.substring(0, name.length() - 6));
                    if (type.isAnnotationPresent(javax.ws.rs.Path.class)) {
                        resources.add(type);
                    }
                }
            }
        }
        return resources;
    }
}
