import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `?limit=&cursor=` of every list of the public API. `limit` stays a string here:
 * `pageLimit` from @weft/kernel turns it into a number or a 400 naming the range.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 250, default: 50 })
  @IsOptional()
  @IsString()
  limit?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}
