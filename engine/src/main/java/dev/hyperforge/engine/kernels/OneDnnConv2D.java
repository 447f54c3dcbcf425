package dev.hyperforge.engine.kernels;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * A float32 2-D convolution (channels last, NHWC; Keras kernel {@code (kh, kw, in, out)}) on oneDNN 3.x's
 * primitives through {@code org.bytedeco:dnnl}, instead of libnd4j's {@code conv2d} and {@code conv2d_bp} (oneDNN
 * 2.3 inside libnd4j). Used by {@code Conv2D} from numerics level {@link Numerics#V6}.
 *
 * <p>Why: on NHWC activations oneDNN 3.x runs brgemm kernels for the forward pass and the input gradient and takes
 * the activations as they are, where libnd4j's {@code conv2d_bp} reorders the input and the output gradient into
 * blocked arrays it allocates on every call (and back), and runs Winograd for the input gradient. Here the
 * activations are never copied: the primitives read and write the ND4J buffers in place (oneDNN memories over their
 * addresses); only the kernel (a few thousand floats) is reordered into the primitive's blocked layout per call, and
 * the kernel gradient back. Primitives and memories are built once per input shape and kept by the call site
 * ({@link Site}, through the layer context's {@code keep}); oneDNN's threads are the OpenMP threads of the calling
 * thread (one OpenMP runtime: ND4J's libgomp, which the presets' library binds to), so the engine's thread count.
 *
 * <p>The sums run in oneDNN 3.x's order, not libnd4j's: results agree with the libnd4j ops within float rounding,
 * not to the bit, hence the numerics level. A call either runs wholly here or wholly on libnd4j.
 *
 * <pre>{@code
 * OneDnnConv2D.Site site = ctx.keep("onednn_conv2d", OneDnnConv2D.Site::new);
 * OneDnnConv2D conv = site.plan(x.shape(), w.shape(), strides, same, true, false);
 * conv.forward(x, w, b, z);                       // z = conv(x, w) + b
 * conv.backwardData(gz, w, gx);                   // gx = dL/dx
 * conv.backwardWeights(x, gz, gw, gb);            // gw = dL/dw, gb = dL/db
 * }</pre>
 */
public final class OneDnnConv2D {
    private static final Cleaner CLEANER = Cleaner.create();
    private final long[] xShape;
    private final long[] zShape;
    private final boolean bias;
    private final long[] strides;
    private final long[] padL;
    private final long[] padR;
    private final long[] weightDims;
    private final Native n = new Native();
    private dnnl_memory_desc srcMd;
    private dnnl_memory_desc dstMd;
    private dnnl_memory_desc userWeightsMd;
    private dnnl_memory_desc biasMd;
    private dnnl_primitive_desc forwardPd;
    private Step forward;
    private Step backwardData;
    private Step backwardWeights;

    /** Whether this kernel can take the arrays: float32, dense in C order (read and written in place). */
    public static boolean supports(INDArray x, INDArray kernel) {
        return dense(x) && dense(kernel);
    }

    /**
     * A float32 array whose elements lie in C order without gaps from its first one (an offset is fine). Size-1 axes
     * may carry any stride: ND4J's {@code Shape.hasDefaultStridesForShape} refuses a trailing one, e.g. an image's single
     * channel.
     */
    static boolean dense(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.isEmpty() || a.data().pointer() == null) {
            return false;
        }
        long expected = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != expected) {
                return false;
            }
            expected *= a.size(i);
        }
        return true;
    }

    private OneDnnConv2D(long[] xShape, long[] kShape, int[] strides, boolean same, boolean bias, boolean relu) {
        this.xShape = xShape.clone();
        this.bias = bias;
        this.strides = new long[] {strides[0], strides[1]};
        long oh = Windows.outLength(xShape[1], (int) kShape[0], strides[0], 1, same);
        long ow = Windows.outLength(xShape[2], (int) kShape[1], strides[1], 1, same);
        this.zShape = new long[] {xShape[0], oh, ow, kShape[3]};
        long th = same ? Math.max((oh - 1) * strides[0] + kShape[0] - xShape[1], 0) : 0;
        long tw = same ? Math.max((ow - 1) * strides[1] + kShape[1] - xShape[2], 0) : 0;
        this.padL = new long[] {th / 2, tw / 2};
        this.padR = new long[] {th - th / 2, tw - tw / 2};
        this.weightDims = new long[] {kShape[3], kShape[2], kShape[0], kShape[1]};
        CLEANER.register(this, n);
        n.stream = new dnnl_stream();
        OneDnn.ok(dnnl_stream_create(n.stream, OneDnn.engine(), dnnl_stream_default_flags), "stream");
        // oneDNN's dims are (N, C, H, W) and (O, I, H, W) whatever the layout; the tags give the memory layout
        srcMd = n.md(new long[] {xShape[0], xShape[3], xShape[1], xShape[2]}, dnnl_nhwc);
        dstMd = n.md(new long[] {zShape[0], zShape[3], zShape[1], zShape[2]}, dnnl_nhwc);
        userWeightsMd = n.md(weightDims, dnnl_hwio);
        biasMd = bias ? n.md(new long[] {kShape[3]}, dnnl_a) : null;
        dnnl_memory_desc anyWeights = n.md(weightDims, dnnl_format_tag_any);
        forwardPd = n.pd();
        OneDnn.ok(dnnl_convolution_forward_primitive_desc_create(forwardPd, OneDnn.engine(), dnnl_forward_training, dnnl_convolution_direct,
                srcMd, anyWeights, biasMd, dstMd, this.strides, new long[] {0, 0}, padL, padR, relu ? n.relu() : null), "convolution forward");
    }

    /**
     * {@code z = conv(x, w) + b} ({@code b} null without a bias), or {@code relu(conv(x, w) + b)} for a plan made with
     * {@code relu} (oneDNN's post-op: the same sums, then {@code max(·, 0)} before the store); every element of {@code z}
     * is written.
     */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
        if (forward == null) {
            forward = step(forwardPd, dnnl_query_weights_md, DNNL_ARG_WEIGHTS, false, new int[] {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_BIAS},
                    srcMd, dstMd, biasMd);
        }
        forward.run(w, x, z, b);
    }

    /** The input gradient {@code gx} of the output gradient {@code gz}; every element of {@code gx} is written. */
    public void backwardData(INDArray gz, INDArray w, INDArray gx) {
        if (backwardData == null) {
            dnnl_memory_desc anyWeights = n.md(weightDims, dnnl_format_tag_any);
            dnnl_primitive_desc pd = n.pd();
            OneDnn.ok(dnnl_convolution_backward_data_primitive_desc_create(pd, OneDnn.engine(), dnnl_convolution_direct, srcMd, anyWeights, dstMd,
                    strides, new long[] {0, 0}, padL, padR, forwardPd, null), "convolution backward data");
            backwardData = step(pd, dnnl_query_weights_md, DNNL_ARG_WEIGHTS, false, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
                    dstMd, srcMd);
        }
        backwardData.run(w, gz, gx);
    }

    /** The kernel and bias gradients ({@code gb} null without a bias); every element of both is written. */
    public void backwardWeights(INDArray x, INDArray gz, INDArray gw, INDArray gb) {
        if (backwardWeights == null) {
            dnnl_memory_desc anyWeights = n.md(weightDims, dnnl_format_tag_any);
            dnnl_primitive_desc pd = n.pd();
            OneDnn.ok(dnnl_convolution_backward_weights_primitive_desc_create(pd, OneDnn.engine(), dnnl_convolution_direct, srcMd, anyWeights, biasMd,
                    dstMd, strides, new long[] {0, 0}, padL, padR, forwardPd, null), "convolution backward weights");
            backwardWeights = step(pd, dnnl_query_diff_weights_md, DNNL_ARG_DIFF_WEIGHTS, true,
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_BIAS}, srcMd, dstMd, biasMd);
        }
        backwardWeights.run(gw, x, gz, gb);
    }

    /** The implementations oneDNN chose (forward, input gradient, kernel gradient; null where not built yet), e.g. for a profile. */
    public List<String> implementations() {
        List<String> names = new ArrayList<>();
        for (Step s : new Step[] {forward, backwardData, backwardWeights}) {
            names.add(s == null ? null : s.implementation);
        }
        return names;
    }

    /**
     * One primitive with its arguments: the weights (or weight gradient) in the primitive's layout, reordered from or
     * to the Keras layout when the two differ, and the other arguments over the ND4J buffers as they are.
     */
    private Step step(dnnl_primitive_desc pd, int weightsQuery, int weightsArg, boolean weightsOut, int[] args,
            dnnl_memory_desc... mds) {
        List<Integer> kinds = new ArrayList<>();
        List<dnnl_memory> mems = new ArrayList<>();
        dnnl_memory user = n.memory(userWeightsMd, OneDnn.NONE);
        dnnl_memory_desc inner = dnnl_primitive_desc_query_md(pd, weightsQuery, 0);
        dnnl_primitive reorder = null;
        dnnl_memory weights = user;
        if (dnnl_memory_desc_equal(inner, userWeightsMd) == 0) {
            weights = n.memory(inner, OneDnn.ALLOCATE);
            reorder = weightsOut ? n.reorder(inner, userWeightsMd) : n.reorder(userWeightsMd, inner);
        }
        kinds.add(weightsArg);
        mems.add(weights);
        List<dnnl_memory> handles = new ArrayList<>();
        handles.add(user);
        for (int i = 0; i < args.length; i++) {
            if (mds[i] == null) {
                continue;
            }
            dnnl_memory m = n.memory(mds[i], OneDnn.NONE);
            kinds.add(args[i]);
            mems.add(m);
            handles.add(m);
        }
        return new Step(n.primitive(pd), OneDnn.args(kinds, mems), reorder, reorder == null ? null
                : weightsOut ? OneDnn.args(List.of(DNNL_ARG_FROM, DNNL_ARG_TO), List.of(weights, user))
                        : OneDnn.args(List.of(DNNL_ARG_FROM, DNNL_ARG_TO), List.of(user, weights)),
                weightsOut, handles.toArray(new dnnl_memory[0]), kinds.size(), OneDnn.implementation(pd), n.stream);
    }

    /** A primitive and its argument list; {@link #run} points the memories at the arrays and executes. */
    private record Step(dnnl_primitive primitive, dnnl_exec_arg_t args, dnnl_primitive reorder, dnnl_exec_arg_t reorderArgs,
            boolean reorderAfter, dnnl_memory[] handles, int count, String implementation, dnnl_stream stream) {
        /** {@code arrays} in the order of {@link #handles} (the weights first); null arrays belong to absent arguments. */
        void run(INDArray... arrays) {
            int h = 0;
            for (INDArray a : arrays) {
                if (a != null) {
                    OneDnn.ok(dnnl_memory_set_data_handle(handles[h++], new OneDnn.Address(NativeFloats.address(a))), "data handle");
                }
            }
            if (reorder != null && !reorderAfter) {
                OneDnn.ok(dnnl_primitive_execute(reorder, stream, 2, reorderArgs), "weights reorder");
            }
            OneDnn.ok(dnnl_primitive_execute(primitive, stream, count, args), "convolution");
            if (reorder != null && reorderAfter) {
                OneDnn.ok(dnnl_primitive_execute(reorder, stream, 2, reorderArgs), "weight gradient reorder");
            }
            OneDnn.ok(dnnl_stream_wait(stream), "stream wait");
        }
    }

    /**
     * A call site's plans, one per input shape (the full and the last training batch, evaluation batches): at most
     * {@link ReusedArrays#SHAPES}, the least recently used going first. Not thread-safe, like the layer context.
     */
    public static final class Site {
        private final Map<String, OneDnnConv2D> plans = new LinkedHashMap<>(8, 0.75f, true);

        /**
         * The plan for this input shape, kernel shape, strides and padding, built on first use; {@code relu} fuses a
         * relu into the forward pass.
         */
        public OneDnnConv2D plan(long[] xShape, long[] kShape, int[] strides, boolean same, boolean bias, boolean relu) {
            String key = Arrays.toString(xShape) + Arrays.toString(kShape) + Arrays.toString(strides) + same + bias + relu;
            OneDnnConv2D p = plans.get(key);
            if (p == null) {
                if (plans.size() >= ReusedArrays.SHAPES) {
                    String eldest = plans.keySet().iterator().next();
                    plans.remove(eldest).n.run();
                }
                p = new OneDnnConv2D(xShape, kShape, strides, same, bias, relu);
                plans.put(key, p);
            }
            return p;
        }
    }

    /** The native objects of one plan, destroyed when the plan is unreachable (or evicted). */
    private static final class Native implements Runnable {
        private final List<dnnl_memory_desc> mds = new ArrayList<>();
        private final List<dnnl_primitive_desc> pds = new ArrayList<>();
        private final List<dnnl_primitive> primitives = new ArrayList<>();
        private final List<dnnl_memory> memories = new ArrayList<>();
        private final List<dnnl_post_ops> postOps = new ArrayList<>();
        private final List<dnnl_primitive_attr> attrs = new ArrayList<>();
        private dnnl_stream stream;
        private boolean done;

        dnnl_memory_desc md(long[] dims, int tag) {
            dnnl_memory_desc m = new dnnl_memory_desc();
            OneDnn.ok(dnnl_memory_desc_create_with_tag(m, dims.length, dims, dnnl_f32, tag), "memory descriptor");
            mds.add(m);
            return m;
        }

        dnnl_primitive_attr relu() {
            dnnl_post_ops ops = new dnnl_post_ops();
            OneDnn.ok(dnnl_post_ops_create(ops), "post-ops");
            postOps.add(ops);
            OneDnn.ok(dnnl_post_ops_append_eltwise(ops, dnnl_eltwise_relu, 0f, 0f), "relu post-op");
            dnnl_primitive_attr attr = new dnnl_primitive_attr();
            OneDnn.ok(dnnl_primitive_attr_create(attr), "attributes");
            attrs.add(attr);
            OneDnn.ok(dnnl_primitive_attr_set_post_ops(attr, ops), "attribute post-ops");
            return attr;
        }

        dnnl_primitive_desc pd() {
            dnnl_primitive_desc p = new dnnl_primitive_desc();
            pds.add(p);
            return p;
        }

        dnnl_memory memory(dnnl_memory_desc md, Pointer data) {
            dnnl_memory m = new dnnl_memory();
            OneDnn.ok(dnnl_memory_create(m, md, OneDnn.engine(), data), "memory");
            memories.add(m);
            return m;
        }

        dnnl_primitive primitive(dnnl_primitive_desc pd) {
            dnnl_primitive p = new dnnl_primitive();
            OneDnn.ok(dnnl_primitive_create(p, pd), "primitive");
            primitives.add(p);
            return p;
        }

        dnnl_primitive reorder(dnnl_memory_desc from, dnnl_memory_desc to) {
            dnnl_primitive_desc pd = pd();
            OneDnn.ok(dnnl_reorder_primitive_desc_create(pd, from, OneDnn.engine(), to, OneDnn.engine(), null), "reorder");
            return primitive(pd);
        }

        @Override
        public synchronized void run() {
            if (done) {
                return;
            }
            done = true;
            primitives.forEach(p -> dnnl_primitive_destroy(p));
            pds.stream().filter(p -> !p.isNull()).forEach(p -> dnnl_primitive_desc_destroy(p));
            memories.forEach(m -> dnnl_memory_destroy(m));
            mds.forEach(m -> dnnl_memory_desc_destroy(m));
            attrs.forEach(a -> dnnl_primitive_attr_destroy(a));
            postOps.forEach(o -> dnnl_post_ops_destroy(o));
            if (stream != null && !stream.isNull()) {
                dnnl_stream_destroy(stream);
            }
        }
    }
}
