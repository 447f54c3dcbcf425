/**
 * Data loaders ({@code fashion-mnist}, {@code boston}, {@code spam}, {@code babi}, {@code random}, and for users'
 * files {@code csv}, {@code npy}, {@code images} and {@code text}), each returning a fingerprinted
 * {@link dev.hyperforge.experiments.data.DataSet}, and seeded splits (hold-out, test set, k-fold) that standardise
 * features and fit each {@link dev.hyperforge.experiments.data.RowTransform} with training statistics only.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("boston").load(Map.of(), seed);
 * List<Split> folds = Splits.kfold(d, 4, seed);
 * }</pre>
 */
package dev.hyperforge.experiments.data;
