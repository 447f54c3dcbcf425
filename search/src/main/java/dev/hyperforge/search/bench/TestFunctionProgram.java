package dev.hyperforge.search.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/**
 * A test function as an external program, for {@code hf bench search --via command}: reads the parameters
 * ({@code x0, x1, ...} for a box, named ones for {@code mlp6} and {@code cond4}) as the JSON object a command objective writes to stdin and prints the function's value
 * with {@link Double#toString}, which reads back to the same double; so a sampler driven through a command
 * objective sees exactly the values it sees through the Java API.
 *
 * <pre>{@code
 * echo '{"x0": 1.0, "x1": 2.0}' | java -cp search.jar dev.hyperforge.search.bench.TestFunctionProgram branin
 * }</pre>
 */
public final class TestFunctionProgram {
    private TestFunctionProgram() {
    }

    /**
     * @param args the function's name
     * @throws IOException when stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        TestFunctions.TestFunction fn = args.length == 1 ? TestFunctions.ALL.get(args[0]) : null;
        if (fn == null) {
            System.err.println("usage: TestFunctionProgram FUNCTION (one of " + TestFunctions.ALL.keySet() + "), parameters as JSON on stdin");
            System.exit(2);
        }
        JsonNode params = new ObjectMapper().readTree(System.in);
        Map<String, Object> values = new ObjectMapper().convertValue(params, new TypeReference<Map<String, Object>>() { });
        System.out.println(Double.toString(fn.objective().applyAsDouble(fn.space().validate(values))));
    }
}
