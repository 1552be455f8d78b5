/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateAccountSettings.html */
import type { UpdateAccountSettingsInput, UpdateAccountSettingsOutput } from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { commitmentOf, setCommitment } from './account-settings.js'

export const UpdateAccountSettings: Handler<
  UpdateAccountSettingsInput,
  UpdateAccountSettingsOutput
> = (input, ctx) => {
  setCommitment(ctx, input.MinimumThroughputBillingCommitment.Status === 'ENABLED')
  return { MinimumThroughputBillingCommitment: commitmentOf(ctx) }
}
