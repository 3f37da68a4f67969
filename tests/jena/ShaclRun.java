// Validate data graphs with Apache Jena's SHACL engine, one JVM for many cases.
// Usage: java -cp LIB/*:. ShaclRun MANIFEST OUTPUT
// MANIFEST: one case per line, "id<TAB>shapes file<TAB>data file".
// OUTPUT: one result per line, "id<TAB>severity<TAB>focus<TAB>path<TAB>source shape<TAB>value",
// and "id<TAB>conforms<TAB>true|false" per case.
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;

public class ShaclRun {
    static String text(Node node) {
        if (node == null) return "";
        if (node.isURI()) return node.getURI();
        if (node.isLiteral()) return node.getLiteralLexicalForm();
        return "_:" + node.getBlankNodeLabel();
    }

    public static void main(String[] args) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String[] parts = line.split("\t");
                Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(parts[1]));
                Graph data = RDFDataMgr.loadGraph(parts[2]);
                ValidationReport report = ShaclValidator.get().validate(shapes, data);
                out.println(parts[0] + "\tconforms\t" + report.conforms());
                for (ReportEntry e : report.getEntries()) {
                    String path = e.resultPath() == null ? "" : e.resultPath().toString();
                    out.println(String.join("\t", parts[0], e.severity().level().getURI(),
                        text(e.focusNode()), path.replace("\t", " "), text(e.source()),
                        text(e.value()).replace("\t", " ").replace("\n", " ")));
                }
            }
        }
    }
}
