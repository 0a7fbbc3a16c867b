import { GangwayError } from '../errors';
import { ValidationError } from '../../shared/validate';
import { deriveFindings } from './findings';
import { assertWithinLimits } from './limits';
import type { IpsecModel, IpsecView } from './model';
import { validateModel } from './model-schema';
import { deriveReachability } from './reachability';
import { deriveRouteRoles } from './roles';

/**
 * Every source's model is checked here, before any derivation: against the schema (a VICI
 * value of 60,000 characters would otherwise pass the view and fail at the IPC boundary as an
 * internal error) and against IPSEC_LIMITS (which bound the derivations' time).
 */
function assertShowable(model: IpsecModel): void {
  try {
    validateModel(model, 'model');
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const label = typeof model.source?.label === 'string' ? model.source.label : 'the IPsec source';
    throw new GangwayError(
      'ipsec-invalid',
      `${label} gave data Gangway cannot show: ${err.message}`,
      'check the source; report it if it is a Tencent Cloud or strongSwan reply',
    );
  }
  assertWithinLimits(model);
}

/** Everything the CLI and the UI show: the model plus route roles, reachability and findings. */
export function buildView(model: IpsecModel): IpsecView {
  assertShowable(model);
  const routes = deriveRouteRoles(model);
  const reachability = deriveReachability(model, routes);
  const findings = deriveFindings({ model, routes, reachability });
  return { ...model, routes, reachability, findings };
}
