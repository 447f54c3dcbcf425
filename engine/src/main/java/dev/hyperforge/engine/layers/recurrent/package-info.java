/** Recurrent layers (Keras layers/rnn): LSTM. */
package dev.hyperforge.engine.layers.recurrent;
