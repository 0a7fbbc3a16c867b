import { deriveFindings } from './findings';
import { assertWithinLimits } from './limits';
import type { IpsecModel, IpsecView } from './model';
import { deriveReachability } from './reachability';
import { deriveRouteRoles } from './roles';

/** Everything the CLI and the UI show: the model plus route roles, reachability and findings. */
export function buildView(model: IpsecModel): IpsecView {
  assertWithinLimits(model);
  const routes = deriveRouteRoles(model);
  const reachability = deriveReachability(model, routes);
  const findings = deriveFindings({ model, routes, reachability });
  return { ...model, routes, reachability, findings };
}
