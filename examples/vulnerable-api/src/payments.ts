import { createHmac, randomUUID } from 'node:crypto';

/**
 * Stand-in for a payment provider's SDK. It never leaves the process: a charge is "made" by
 * deriving a reference from the key, so the example has no network dependency.
 */
export class PaymentClient {
  constructor(private readonly apiKey: string | undefined) {}

  get isConfigured(): boolean {
    return this.apiKey !== undefined && this.apiKey.length > 0;
  }

  charge(amountCents: number, description: string): string {
    if (this.apiKey === undefined || this.apiKey.length === 0) return 'pay_offline_' + randomUUID().slice(0, 8);
    const mac = createHmac('sha256', this.apiKey).update(`${amountCents}:${description}:${randomUUID()}`).digest('hex');
    return 'pay_' + mac.slice(0, 6);
  }
}
