"""Regenerates the malformed-experiment corpus used by BadExperimentsTest (each file: a valid base with one fault).

Header lines give the expected field and a message substring; the expected line carries a #<< marker.
"""
import os
OUT = "experiments/src/test/resources/bad"  # run from the repository root
BASE = """name: bad-example
seed: 1
data:
  loader: random
  options:
    samples: 32
    inputs:
      x: {shape: [4]}
    outputs:
      y: {shape: [1]}
  split:
    validation: 0.25
model:
  inputs:
    - name: x
      shape: [4]
  layers:
    - name: hidden
      type: Dense
      args:
        units: ${units}
        activation: relu
    - name: y
      type: Dense
      args:
        units: 1
  outputs: [y]
compile:
  optimizer:
    type: adam
    learning_rate: 0.01
  loss: mse
  metrics: [mae]
fit:
  epochs: 2
  batch_size: 8
search:
  space:
    units:
      type: int
      low: 2
      high: 8
    lr:
      type: float
      low: 0.0001
      high: 0.1
      log: true
  objective:
    metric: val_loss
    direction: min
  sampler:
    name: random
    trials: 5
"""
M = "  #<<"
cases = []
def case(name, field, message, old, new, count=1, text=None):
    cases.append((name, field, message, old, new, count, text))

case("syntax-unclosed-flow", "", "YAML syntax error", "  outputs: [y]", "  outputs: [y" + M)
case("syntax-bad-indent", "", "YAML syntax error", "  loss: mse", "   loss: mse" + M + "\n loss2: x")
case("empty-file", "", "the file is empty", None, None, text="# line: 1\n")
case("unknown-top-level-key", "modle", "did you mean 'model'", "fit:\n", "modle:" + M + "\n  x: 1\nfit:\n")
case("missing-name", "name", "missing required field 'name'", "name: bad-example\nseed: 1", "seed: 1" + M)
case("name-not-a-string", "name", "expected a non-empty string", "name: bad-example", "name: [a, b]" + M)
case("seed-not-an-int", "seed", "expected an integer", "seed: 1", "seed: abc" + M)
case("data-missing-loader", "data.loader", "missing required field 'loader'", "data:\n  loader: random\n", "data:" + M + "\n")
case("unknown-loader", "data.loader", "unknown loader 'randon'; did you mean 'random'", "  loader: random", "  loader: randon" + M)
case("unknown-loader-option", "data.options.sample", "unknown option 'sample'", "    samples: 32", "    sample: 32" + M)
case("split-fraction-out-of-range", "data.split.validation", "strictly between 0 and 1", "    validation: 0.25", "    validation: 1.5" + M)
case("split-two-kinds", "data.split", "exactly one of", "  split:\n    validation: 0.25", "  split:" + M + "\n    validation: 0.25\n    folds: 4")
case("split-one-fold", "data.split.folds", "at least 2", "    validation: 0.25", "    folds: 1" + M)
case("split-test-without-test-set", "data.split.test", "has no test set",
     "  loader: random\n  options:\n    samples: 32\n    inputs:\n      x: {shape: [4]}\n    outputs:\n      y: {shape: [1]}\n  split:\n    validation: 0.25",
     "  loader: boston\n  split:\n    test: true" + M)
case("model-missing-inputs", "model.inputs", "missing required field 'inputs'", "model:\n  inputs:\n    - name: x\n      shape: [4]\n", "model:" + M + "\n")
case("input-zero-dimension", "model.inputs[0].shape[0]", "expected a positive int", "      shape: [4]", "      shape: [0]" + M)
case("input-bad-dtype", "model.inputs[0].dtype", "unknown dtype", "      shape: [4]", "      shape: [4]\n      dtype: complex64" + M)
case("unknown-layer-type", "model.layers[1].type", "unknown layer type 'Dence'", "    - name: y\n      type: Dense", "    - name: y\n      type: Dence" + M)
case("layer-type-not-a-class-name", "model.layers[0].type", "Keras class name", "    - name: hidden\n      type: Dense", "    - name: hidden\n      type: dense" + M)
case("layer-arg-wrong-type", "model.layers[1].args.units", "must be an integer", "        units: 1", "        units: abc" + M)
case("unknown-parameter-reference", "model.layers[0].args.units", "unknown parameter reference ${unit}", "        units: ${units}", "        units: ${unit}" + M)
case("malformed-reference", "model.layers[0].args.units", "malformed parameter reference", "        units: ${units}", "        units: ${units" + M)
case("duplicate-layer-name", "model.layers[1].name", "duplicate name 'hidden'", "    - name: y\n", "    - name: hidden" + M + "\n")
case("layer-input-unknown", "model.layers[1].inputs[0]", "neither an input nor an earlier layer", "    - name: y\n      type: Dense\n", "    - name: y\n      type: Dense\n      inputs: [hiden]" + M + "\n")
case("layer-input-forward-reference", "model.layers[0].inputs[0]", "may only use inputs and layers listed before it", "    - name: hidden\n      type: Dense\n", "    - name: hidden\n      type: Dense\n      inputs: [y]" + M + "\n")
case("unknown-output", "model.outputs[0]", "output 'z' is not a layer", "  outputs: [y]", "  outputs: [z]" + M)
case("duplicate-yaml-key", "compile.loss", "duplicate key 'loss'", "  loss: mse", "  loss: mse\n  loss: mae" + M)
case("compile-missing-loss", "compile.loss", "missing required field 'loss'", "compile:\n  optimizer:\n    type: adam\n    learning_rate: 0.01\n  loss: mse\n", "compile:" + M + "\n  optimizer:\n    type: adam\n    learning_rate: 0.01\n")
case("unknown-loss", "compile.loss", "unknown loss 'mean_squared'", "  loss: mse", "  loss: mean_squared" + M)
case("negative-learning-rate", "compile.optimizer.learning_rate", "must be positive", "    learning_rate: 0.01", "    learning_rate: -1" + M)
case("learning-rate-not-a-number", "compile.optimizer.learning_rate", "expected a number or a ${param} reference, got 'fast'", "    learning_rate: 0.01", "    learning_rate: fast" + M)
case("unknown-optimizer", "compile.optimizer.type", "unknown optimizer 'adamw'", "    type: adam", "    type: adamw" + M)
case("zero-epochs", "fit.epochs", "must be at least 1", "  epochs: 2", "  epochs: 0" + M)
case("int-field-references-float-param", "fit.batch_size", "expected an int, but ${lr} is a float parameter", "  batch_size: 8", "  batch_size: ${lr}" + M)
case("validation-split-one", "fit.validation_split", "must be in [0, 1)", "  batch_size: 8", "  batch_size: 8\n  validation_split: 1.0" + M)
case("unknown-callback", "fit.callbacks[0].type", "unknown callback type 'EarlyStoping'", "  batch_size: 8", "  batch_size: 8\n  callbacks:\n    - type: EarlyStoping" + M)
case("objective-metric-missing", "search.objective.metric", "reports no metric 'val_accuracy'", "    metric: val_loss", "    metric: val_accuracy" + M)
case("objective-bad-direction", "search.objective.direction", "direction must be max or min", "    direction: min", "    direction: up" + M)
case("param-unknown-type", "search.space.lr.type", "unknown parameter type 'double'", "      type: float", "      type: double" + M)
case("param-low-above-high", "search.space.lr", "low < high", "    lr:\n      type: float\n      low: 0.0001\n      high: 0.1",
     "    lr:" + M + "\n      type: float\n      low: 0.5\n      high: 0.1")
case("param-log-from-zero", "search.space.lr", "log scale, so low must be > 0", "    lr:\n      type: float\n      low: 0.0001", "    lr:" + M + "\n      type: float\n      low: 0")
case("param-key-for-other-kind", "search.space.units.choices", "unknown key 'choices' in a int parameter", "      high: 8", "      high: 8\n      choices: [2, 4]" + M)
case("condition-on-unknown-param", "search.space.lr.condition.param", "unknown parameter 'optimizer'", "      log: true", "      log: true\n      condition:\n        param: optimizer" + M + "\n        in: [sgd]")
case("unknown-sampler", "search.sampler.name", "unknown sampler 'tpe'", "    name: random", "    name: tpe" + M)
case("simplex-unknown-component", "compile.loss_weights.y", "has no component 'salary'", "  metrics: [mae]", "  metrics: [mae]\n  loss_weights:\n    y: ${w.salary}" + M,)
cases[-1] = cases[-1][:6] + (BASE.replace("  metrics: [mae]", "  metrics: [mae]\n  loss_weights:\n    y: ${w.salary}" + M).replace("  objective:", "    w:\n      type: simplex\n      components: [y, z]\n  objective:"),)
case("component-of-non-simplex", "model.layers[0].args.units", "is a int parameter, not a simplex", "        units: ${units}", "        units: ${units.a}" + M)
case("val-objective-without-validation", "search.objective.metric", "needs validation data", "  split:\n    validation: 0.25\n", "")
case("sequential-layer-with-inputs", "model.layers[1].inputs", "take no 'inputs'", "model:\n", "model:\n  sequential: true\n", text=None)
case("loss-weight-for-unknown-output", "compile.loss_weights", "loss weight given for [z]", "  metrics: [mae]", "  metrics: [mae]\n  loss_weights: {z: 2.0}" + M)
case("categorical-duplicate-choice", "search.space.act", "lists the choice relu twice", "  objective:", "    act:" + M + "\n      type: categorical\n      choices: [relu, tanh, relu]\n  objective:")
case("categorical-default-not-a-choice", "search.space.act", "the default must be one of the choices", "  objective:", "    act:" + M + "\n      type: categorical\n      choices: [relu, tanh]\n      default: sigmoid\n  objective:")
case("reference-in-data-options", "data.options.samples", "not allowed here", "    samples: 32", "    samples: ${units}" + M)
case("two-documents", "", "only one YAML document", None, None, text=BASE + "---\nname: other" + M + "\n")
case("objective-missing", "search.objective", "missing required field 'objective'", "  objective:\n    metric: val_loss\n    direction: min\n", "", )
case("dense-units-from-float-param", "model.layers[0].args.units", "from ${lr}", "        units: ${units}", "        units: ${lr}" + M)

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
for i, (name, field, message, old, new, count, text) in enumerate(cases, 1):
    if text is None:
        assert old in BASE, name
        text = BASE.replace(old, new, count)
    if name == "sequential-layer-with-inputs":
        text = text.replace("  outputs: [y]\n", "").replace("    - name: y\n      type: Dense\n", "    - name: y\n      type: Dense\n      inputs: [hidden]" + M + "\n")
    if name == "val-objective-without-validation":
        text = text.replace("    metric: val_loss", "    metric: val_loss" + M)
    if name == "objective-missing":
        text = text.replace("search:\n", "search:" + M + "\n")
    header = "# field: %s\n# message: %s\n" % (field, message)
    with open(os.path.join(OUT, "%02d-%s.yaml" % (i, name)), "w") as fh:
        fh.write(header + text)
print(len(cases))
