import { runSimulation, shrink } from '../tests/helpers/sync-simulation';
const r = runSimulation(Number(process.argv[2]));
console.log(r.diverged?.slice(0, 4000));
if (r.diverged && process.argv[3]) { const m = shrink(r); console.log(JSON.stringify(m)); }
