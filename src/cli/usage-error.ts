import { GangwayError } from '../core/errors';

export class UsageError extends GangwayError {
  constructor(message: string) {
    super('usage', message, 'run `gangway help` for usage');
  }
}
