import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { RawBody, RequestContext } from '@weft/http';
import type { FastifyRequest } from 'fastify';
import { type ProviderEventReceipt } from '../payments/provider-event-streams.js';
import { ReceiveStripeEventCommand } from './receive-stripe-event.command.js';

const NO_BODY = new Uint8Array(0);

/** Stripe's webhook endpoint: public (no JWT, no API key), since Stripe signs each delivery instead. */
@ApiTags('billing')
@Controller('api/v1/billing/webhooks/stripe')
export class ReceiveStripeEventController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @RawBody()
  @ApiConsumes('application/json')
  @ApiBody({ description: 'A Stripe event, exactly as Stripe sent it (the signature is over these bytes).', schema: { type: 'object' } })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 'Stripe’s signature of the body (t=..., v1=...)' })
  receive(
    @Req() request: FastifyRequest,
    @Headers('stripe-signature') signature: string | undefined,
    @RequestContext() context: CommandContext,
  ): Promise<ProviderEventReceipt> {
    const body = request.body;
    const payload = body instanceof Uint8Array ? body : NO_BODY;
    return this.commands.execute(new ReceiveStripeEventCommand(context, payload, signature, new Date()));
  }
}
