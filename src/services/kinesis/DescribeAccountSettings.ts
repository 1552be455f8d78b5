/** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeAccountSettings.html */
import type {
  DescribeAccountSettingsInput,
  DescribeAccountSettingsOutput,
} from '../../gen/kinesis.js'
import type { Handler } from '../types.js'
import { commitmentOf } from './account-settings.js'

export const DescribeAccountSettings: Handler<
  DescribeAccountSettingsInput,
  DescribeAccountSettingsOutput
> = (_input, ctx) => ({ MinimumThroughputBillingCommitment: commitmentOf(ctx) })
