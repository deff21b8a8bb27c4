package io.jnnunet.evaluation.internal;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PythonJsonTest {

    @Test
    public void floatsAsPythonReprWritesThem() {
        assertEquals("62917.0", PythonJson.repr(62917.0));
        assertEquals("7078.9", PythonJson.repr(7078.9));
        assertEquals("0.1", PythonJson.repr(0.1));
        assertEquals("0.3333333333333333", PythonJson.repr(1.0 / 3));
        assertEquals("0.0001", PythonJson.repr(1e-4));
        assertEquals("1e-05", PythonJson.repr(1e-5));
        assertEquals("-2.5e-07", PythonJson.repr(-2.5e-7));
        assertEquals("1234567890123456.0", PythonJson.repr(1234567890123456.0));
        assertEquals("1e+16", PythonJson.repr(1e16));
        assertEquals("1.2345e+20", PythonJson.repr(1.2345e20));
        assertEquals("NaN", PythonJson.repr(Double.NaN));
        assertEquals("-Infinity", PythonJson.repr(Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", PythonJson.repr(-0.0));
        // Java 17 prints 2.0E-3 fine but 5.6843418860808015E-14 for 2^-44, one digit longer than Python
        assertEquals("5.684341886080802e-14", PythonJson.repr(Math.pow(2, -44)));
    }

    @Test
    public void layoutOfJsonDumpWithIndentFourAndSortedKeys() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", 1L);
        inner.put("a", Double.NaN);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("z", List.of(inner, Map.of()));
        root.put("m", "Zürich \"q\"");
        root.put("e", List.of());
        assertEquals("{\n"
                + "    \"e\": [],\n"
                + "    \"m\": \"Z\\u00fcrich \\\"q\\\"\",\n"
                + "    \"z\": [\n"
                + "        {\n"
                + "            \"a\": NaN,\n"
                + "            \"b\": 1\n"
                + "        },\n"
                + "        {}\n"
                + "    ]\n"
                + "}", PythonJson.write(root));
    }
}
