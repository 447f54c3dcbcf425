package dev.hyperforge.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.core.InputLayer;
import dev.hyperforge.engine.optimizers.Optimizer;

/**
 * Model serialisation. The config is JSON: the layers with their arguments, the calls in execution
 * order (each naming its inputs as {@code [layer, call index]}, plus the output index for the second and
 * later outputs of a multi-output layer such as an LSTM with {@code return_state}), the inputs, the outputs, and the compile
 * settings. {@code save} writes a zip with {@code config.json}, every weight, and the optimizer state;
 * {@code load} restores all of it bit for bit.
 */
final class ModelIO {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelIO() {
    }

    static Map<String, Object> config(Model m) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("class_name", "Functional");
        cfg.put("name", m.name());
        cfg.put("dtype", m.dataType().name().toLowerCase(java.util.Locale.ROOT));
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) {
            layers.add(l.config());
        }
        cfg.put("layers", layers);
        Map<Node, Integer> callIndex = callIndices(m);
        List<Object> calls = new ArrayList<>();
        for (Node n : m.nodes()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("layer", Graph.layerOf(n).name());
            List<Object> ins = new ArrayList<>();
            for (Tensor t : n.inputs()) {
                ins.add(ref(t, callIndex));
            }
            c.put("inputs", ins);
            calls.add(c);
        }
        cfg.put("calls", calls);
        cfg.put("inputs", m.inputNames());
        List<Object> outs = new ArrayList<>();
        for (Tensor t : m.outputs()) {
            outs.add(ref(t, callIndex));
        }
        cfg.put("outputs", outs);
        if (m.isCompiled()) {
            Map<String, Object> comp = new LinkedHashMap<>();
            comp.put("optimizer", m.compiled().optimizer.config());
            List<String> losses = new ArrayList<>();
            m.compiled().losses.forEach(l -> losses.add(l.name()));
            comp.put("loss", losses);
            List<Double> w = new ArrayList<>();
            for (double d : m.compiled().weights) {
                w.add(d);
            }
            comp.put("loss_weights", w);
            comp.put("metrics", m.compiled().metricSpec);
            cfg.put("compile", comp);
        }
        return cfg;
    }

    /** {@code [layer, call index]}, with the tensor's index appended for the second and later outputs of a call. */
    private static List<Object> ref(Tensor t, Map<Node, Integer> callIndex) {
        int call = callIndex.getOrDefault(t.node(), 0);
        String layer = Graph.layerOf(t).name();
        return t.index() == 0 ? List.of(layer, call) : List.of(layer, call, t.index());
    }

    /** The tensor a reference names among the calls made so far. */
    @SuppressWarnings("unchecked")
    private static Tensor resolve(Object o, Map<String, List<List<Tensor>>> produced) {
        List<Object> ref = (List<Object>) o;
        List<List<Tensor>> calls = produced.get((String) ref.get(0));
        if (calls == null || (Integer) ref.get(1) >= calls.size()) {
            throw new IllegalArgumentException("model config refers to " + ref + " before that layer call");
        }
        return calls.get((Integer) ref.get(1)).get(ref.size() > 2 ? (Integer) ref.get(2) : 0);
    }

    private static Map<Node, Integer> callIndices(Model m) {
        Map<Node, Integer> idx = new IdentityHashMap<>();
        Map<Layer, Integer> counts = new IdentityHashMap<>();
        for (Node n : m.nodes()) {
            idx.put(n, counts.merge(Graph.layerOf(n), 1, Integer::sum) - 1);
        }
        return idx;
    }

    static String toJson(Model m) {
        try {
            return JSON.writeValueAsString(config(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model config as JSON: " + e.getMessage(), e);
        }
    }

    static Model fromJson(String json, long seed) {
        try {
            return fromConfig(JSON.readValue(json, new TypeReference<Map<String, Object>>() { }), seed);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model config is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Model fromConfig(Map<String, Object> cfg, long seed) {
        DType dtype = "double".equals(cfg.get("dtype")) ? DType.FLOAT64 : DType.FLOAT32;
        Map<String, Layer> layers = new HashMap<>();
        Map<String, List<List<Tensor>>> produced = new HashMap<>();
        for (Object o : (List<Object>) cfg.get("layers")) {
            Map<String, Object> lc = (Map<String, Object>) o;
            String name = (String) lc.get("name");
            if ("InputLayer".equals(lc.get("class_name"))) {
                Map<String, Object> a = (Map<String, Object>) lc.get("config");
                List<Integer> dims = (List<Integer>) a.get("batch_shape");
                int[] feat = dims.subList(1, dims.size()).stream().mapToInt(Integer::intValue).toArray();
                DType d = DType.parse((String) a.get("dtype"));
                Tensor t = Input.create(name, d == DType.INT32 ? d : dtype, feat);
                produced.put(name, new ArrayList<>(List.of(List.of(t))));
            } else {
                layers.put(name, LayerRegistry.fromConfig(lc));
            }
        }
        for (Object o : (List<Object>) cfg.get("calls")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String lname = (String) c.get("layer");
            List<Tensor> args = new ArrayList<>();
            for (Object in : (List<Object>) c.get("inputs")) {
                args.add(resolve(in, produced));
            }
            Layer l = layers.get(lname);
            if (l == null) {
                throw new IllegalArgumentException("model config calls unknown layer '" + lname + "'");
            }
            produced.computeIfAbsent(lname, k -> new ArrayList<>()).add(l.callAll(args.toArray(new Tensor[0])));
        }
        List<Tensor> inputs = new ArrayList<>();
        for (Object n : (List<Object>) cfg.get("inputs")) {
            inputs.add(produced.get((String) n).get(0).get(0));
        }
        List<Tensor> outputs = new ArrayList<>();
        for (Object o : (List<Object>) cfg.get("outputs")) {
            outputs.add(resolve(o, produced));
        }
        Model m = new Model((String) cfg.getOrDefault("name", "model"), inputs, outputs, seed);
        Map<String, Object> comp = (Map<String, Object>) cfg.get("compile");
        if (comp != null) {
            m.compile(Optimizer.fromConfig((Map<String, Object>) comp.get("optimizer")), comp.get("loss"), comp.get("loss_weights"),
                    comp.get("metrics"));
        }
        return m;
    }

    static void save(Model m, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            put(zip, "config.json", toJson(m).getBytes(StandardCharsets.UTF_8));
            for (Layer l : m.layers()) {
                for (Param p : l.params()) {
                    put(zip, "weights/" + l.name() + "/" + p.name(), bytes(p.value()));
                    INDArray[] st = m.isCompiled() ? m.compiled().optimizer.stateOf(p) : null;
                    for (int i = 0; st != null && i < st.length; i++) {
                        put(zip, "optimizer/" + l.name() + "/" + p.name() + "/" + i, bytes(st[i]));
                    }
                }
            }
            if (m.isCompiled()) {
                put(zip, "optimizer.json", JSON.writeValueAsBytes(Map.of("iterations", m.compiled().optimizer.iterations())));
            }
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Model load(Path path) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(path))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new IOException(path + ": not a readable model file (" + e.getMessage() + ")", e);
        }
        byte[] cfg = entries.get("config.json");
        if (cfg == null) {
            throw new IOException(path + ": not a Hyperforge model file (no config.json)");
        }
        Model m = fromJson(new String(cfg, StandardCharsets.UTF_8), 0L);
        long iterations = 0;
        if (entries.containsKey("optimizer.json")) {
            iterations = ((Number) JSON.readValue(entries.get("optimizer.json"), Map.class).get("iterations")).longValue();
        }
        for (Layer l : m.layers()) {
            if (l instanceof InputLayer) {
                continue;
            }
            for (Param p : l.params()) {
                byte[] w = entries.get("weights/" + l.name() + "/" + p.name());
                if (w == null) {
                    throw new IOException(path + ": missing weights of " + l.describe() + " parameter " + p.name());
                }
                p.value().assign(array(w));
                List<INDArray> slots = new ArrayList<>();
                for (int i = 0; entries.containsKey("optimizer/" + l.name() + "/" + p.name() + "/" + i); i++) {
                    slots.add(array(entries.get("optimizer/" + l.name() + "/" + p.name() + "/" + i)));
                }
                if (!slots.isEmpty() && m.isCompiled()) {
                    m.compiled().optimizer.restoreState(p, slots.toArray(new INDArray[0]), iterations);
                }
            }
        }
        return m;
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] bytes(INDArray a) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream dos = new DataOutputStream(bos)) {
            Nd4j.write(a, dos);
        }
        return bos.toByteArray();
    }

    private static INDArray array(byte[] b) throws IOException {
        try (InputStream in = new java.io.ByteArrayInputStream(b); DataInputStream dis = new DataInputStream(in)) {
            return Nd4j.read(dis);
        }
    }

}
