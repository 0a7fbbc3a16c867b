import { ipsecModelValidator } from '../../shared/ipsec-validators';
import * as v from '../../shared/validate';
import { isCidr } from './cidr';
import { IPSEC_LIMITS as L } from './limits';
import type { IpsecModel } from './model';

/**
 * The runtime schema of an IpsecModel, for models read from outside (snapshot files): every
 * field the view and the admin screens read, with its type, its allowed values, CIDR blocks
 * parsed, and each list bounded by IPSEC_LIMITS. Errors name the path of the bad field
 * ("model.tunnels[3].spd[0].local"). Unknown keys are dropped, which also drops derived data
 * (roles, reachability, findings) and anything secret that someone planted. The field
 * validators are those of the IPC schema (ipsecModelValidator), given the strict pieces here.
 */

/** Longest CIDR text: an IPv6 address with an embedded IPv4 tail and a prefix is 49 characters. */
const MAX_CIDR_TEXT = 64;

const cidr: v.Validator<string> = {
  expected: 'CIDR block',
  check(value, path) {
    if (typeof value !== 'string')
      throw new v.ValidationError(
        path,
        `expected a CIDR block such as 10.0.0.0/16, got ${kind(value)}`,
      );
    if (value.length > MAX_CIDR_TEXT || !isCidr(value))
      throw new v.ValidationError(path, `not a CIDR block: ${quote(value)}`);
    return value;
  },
};

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A bad value in an error message: quoted, and cut short when long. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

const m = ipsecModelValidator({ cidr, limits: L });

export const ipsecModelSchema = v.object({
  source: m.source,
  gateways: m.gateways,
  peers: m.peers,
  tunnels: m.tunnels,
  routes: m.routes,
  networks: m.networks,
});

// The schema must produce exactly what the view reads: a field added to the model without
// being added here fails to compile.
type SchemaModel = v.Infer<typeof ipsecModelSchema>;
const _sameShape: (m: SchemaModel) => IpsecModel = (m) => m;
const _sameShapeBack: (m: IpsecModel) => SchemaModel = (m) => m;

/**
 * Checks an untrusted value against the model schema. Throws v.ValidationError naming the path
 * (under `label`) of the first bad field.
 */
export function validateModel(value: unknown, label: string): IpsecModel {
  return v.parse(ipsecModelSchema, value, label, { allowExtra: true });
}
