import type { RoutingFile } from './parse-routing-file.ts';

/**
 * The strong/weak pair of a routing file: the given models, else the best mean score against the
 * cheapest other model (the lowest mean score when the file has no costs). `pairNote` says which.
 */
export function chooseRoutingPair(file: RoutingFile, strong: string | undefined, weak: string | undefined): { strongModel: string; weakModel: string; pairNote: string } {
  for (const model of [strong, weak]) {
    if (model !== undefined && !file.models.includes(model)) throw new Error(`model '${model}' is not in the file; it scores ${file.models.join(', ')}`);
  }
  const mean = (model: string, field: 'scores' | 'costs') => file.rows.reduce((sum, row) => sum + row[field]![model]!, 0) / file.rows.length;
  const strongModel = strong ?? file.models.reduce((best, model) => (mean(model, 'scores') > mean(best, 'scores') ? model : best));
  const others = file.models.filter((model) => model !== strongModel);
  if (weak === strongModel) throw new Error(`the strong and the weak model are both '${weak}'`);
  const weakModel = weak ?? (file.hasCosts
    ? others.reduce((cheapest, model) => (mean(model, 'costs') < mean(cheapest, 'costs') ? model : cheapest))
    : others.reduce((worst, model) => (mean(model, 'scores') < mean(worst, 'scores') ? model : worst)));
  const how = [strong ? 'strong: given' : 'strong: best mean score', weak ? 'weak: given' : file.hasCosts ? 'weak: cheapest mean cost' : 'weak: lowest mean score'].join('; ');
  return { strongModel, weakModel, pairNote: `Pair: ${strongModel} (mean ${mean(strongModel, 'scores').toFixed(3)}) vs ${weakModel} (mean ${mean(weakModel, 'scores').toFixed(3)}) — ${how}; --strong / --weak choose another.` };
}
