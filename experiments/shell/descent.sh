#!/bin/sh
# Gradient descent with momentum on the Rosenbrock function, in POSIX sh + awk: a stand-in for any program.
# Parameters arrive as HF_PARAM_<NAME> variables (and as JSON on stdin, unused here). The protocol:
#   HF_METRIC loss <step> <value>   the curve in the dashboard
#   HF_REPORT <step> <value>        intermediate values for the pruner
#   the last line that is a number  the score (the objective names no HF_METRIC)
set -eu
steps="${1:-200}"
awk -v lr="$HF_PARAM_LR" -v mom="$HF_PARAM_MOMENTUM" -v steps="$steps" 'BEGIN {
  x = -1.5; y = 2.0; vx = 0; vy = 0
  for (s = 0; s < steps; s++) {
    gx = -2 * (1 - x) - 400 * x * (y - x * x); gy = 200 * (y - x * x)
    vx = mom * vx - lr * gx; vy = mom * vy - lr * gy
    x += vx; y += vy
    f = (1 - x) ^ 2 + 100 * (y - x * x) ^ 2
    if (f != f || f > 1e12) { print "diverged at step " s > "/dev/stderr"; exit 3 }
    if (s % 10 == 9) { printf "HF_METRIC loss %d %.8g\nHF_REPORT %d %.8g\n", s, f, s, f }
  }
  printf "%.8g\n", f
}'
printf 'x and y after %s steps are in output.log\n' "$steps" > "$HF_RUN_DIR/README.txt"
