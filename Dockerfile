# One image for both roles: `web` (Next + Socket.IO) and `worker` (BullMQ ingest). Node 22 LTS on Debian.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts/generate-prisma.ts ./scripts/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run prisma:generate && npx next build --webpack

FROM node:22-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 3000
# Default role: the whole system (migrations, first admin, web + worker). Compose runs the roles separately.
CMD ["npm", "start"]
