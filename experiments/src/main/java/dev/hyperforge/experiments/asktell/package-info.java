/**
 * Studies driven from outside: an experiment file with only a {@code search} section, whose trials a program in
 * any language asks for and tells back, from the shell ({@code hf ask}, {@code hf tell}, {@code hf log}) or over
 * HTTP ({@code hf serve}: {@code POST /api/studies/{id}/ask}, {@code /api/runs/{id}/tell}, {@code /api/runs/{id}/metrics}).
 */
package dev.hyperforge.experiments.asktell;
