/**
 * Property tests run with a fixed seed so a CI run is reproducible: a failure names the seed and path,
 * and the same command replays it. FC_SEED=<n> explores another part of the input space locally.
 */
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261130);
fc.configureGlobal({ seed: Number.isFinite(seed) ? seed : 20261130 });
