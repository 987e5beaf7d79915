import { ConfirmPasswordResetController } from './confirm-password-reset/confirm-password-reset.controller.js';
import { ConfirmPasswordResetHandler } from './confirm-password-reset/confirm-password-reset.handler.js';
import { CreateApiKeyController } from './create-api-key/create-api-key.controller.js';
import { CreateApiKeyHandler } from './create-api-key/create-api-key.handler.js';
import { DeactivateUserController } from './deactivate-user/deactivate-user.controller.js';
import { DeactivateUserHandler } from './deactivate-user/deactivate-user.handler.js';
import { GetMeController } from './get-me/get-me.controller.js';
import { GetMeHandler } from './get-me/get-me.handler.js';
import { ListApiKeysController } from './list-api-keys/list-api-keys.controller.js';
import { ListApiKeysHandler } from './list-api-keys/list-api-keys.handler.js';
import { LoginController } from './login/login.controller.js';
import { LoginHandler } from './login/login.handler.js';
import { LogoutController } from './logout/logout.controller.js';
import { LogoutHandler } from './logout/logout.handler.js';
import { PasswordResetController } from './password-reset/password-reset.controller.js';
import { ReactivateUserController } from './reactivate-user/reactivate-user.controller.js';
import { ReactivateUserHandler } from './reactivate-user/reactivate-user.handler.js';
import { RefreshController } from './refresh/refresh.controller.js';
import { RefreshTokensHandler } from './refresh/refresh.handler.js';
import { RegisterController } from './register/register.controller.js';
import { RegisterUserHandler } from './register/register-user.handler.js';
import { RequestPasswordResetHandler } from './password-reset/request-password-reset.handler.js';
import { ResendVerificationController } from './resend-verification/resend-verification.controller.js';
import { ResendVerificationHandler } from './resend-verification/resend-verification.handler.js';
import { RevokeApiKeyController } from './revoke-api-key/revoke-api-key.controller.js';
import { RevokeApiKeyHandler } from './revoke-api-key/revoke-api-key.handler.js';
import { UpdateMeController } from './update-me/update-me.controller.js';
import { UpdateMeHandler } from './update-me/update-me.handler.js';
import { VerifyEmailController } from './verify-email/verify-email.controller.js';
import { VerifyEmailHandler } from './verify-email/verify-email.handler.js';

// Every use case of identity over HTTP: its controller (HTTP → command or query) and its
// handler, in route order (the OpenAPI document lists paths in registration order).

export const identityControllers = [
  RegisterController,
  LoginController,
  RefreshController,
  LogoutController,
  GetMeController,
  UpdateMeController,
  VerifyEmailController,
  ResendVerificationController,
  PasswordResetController,
  ConfirmPasswordResetController,
  DeactivateUserController,
  ReactivateUserController,
  CreateApiKeyController,
  ListApiKeysController,
  RevokeApiKeyController,
];

export const identityHandlers = [
  RegisterUserHandler,
  LoginHandler,
  RefreshTokensHandler,
  LogoutHandler,
  GetMeHandler,
  UpdateMeHandler,
  VerifyEmailHandler,
  ResendVerificationHandler,
  RequestPasswordResetHandler,
  ConfirmPasswordResetHandler,
  DeactivateUserHandler,
  ReactivateUserHandler,
  CreateApiKeyHandler,
  ListApiKeysHandler,
  RevokeApiKeyHandler,
];
