/**
 * JMH micro-benchmarks of the engine's hot kernels (LSTM step, embedding gradient with its RMSprop
 * update, Conv1D), in the shapes of the reference models. They are compiled with the tests and never
 * run by {@code mvn verify}; the command that runs them is in {@code engine/BENCHMARK.md}.
 */
package dev.hyperforge.engine.bench;
