package dev.uniformpipeline.localcloud.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** XML text helpers for the query protocol. */
public final class Xml {
    private Xml() {
    }

    /** Escapes text for an XML element or attribute value. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code <name>escaped value</name>}, or nothing when {@code value} is null. */
    public static String element(String name, Object value) {
        if (value == null) {
            return "";
        }
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }

    /**
     * Converts a query-protocol XML document to the JSON form AWS answers to {@code Accept: application/json}:
     * elements with children become objects, {@code member} lists become arrays, leaves become strings.
     */
    static JsonNode toJson(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(root.getLocalName(), convert(root));
        return out;
    }

    private static JsonNode convert(Element e) {
        boolean hasChildren = false;
        boolean allMembers = true;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                hasChildren = true;
                allMembers &= "member".equals(c.getLocalName());
            }
        }
        if (!hasChildren) {
            return JsonNodeFactory.instance.textNode(e.getTextContent());
        }
        if (allMembers) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element c) {
                    a.add(convert(c));
                }
            }
            return a;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                o.set(c.getLocalName(), convert(c));
            }
        }
        return o;
    }
}
