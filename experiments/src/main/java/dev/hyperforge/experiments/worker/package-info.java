/**
 * Workers that share a study through the tracker's database: {@code hf worker} on any number of machines and
 * {@code hf tune --workers N} in one process run trials until the study's budget is spent, with heartbeats,
 * recovery of trials whose worker died, graceful stop on SIGTERM/Ctrl-C and failure isolation per trial.
 */
package dev.hyperforge.experiments.worker;
