# API HTTP de non-recours (docs/http.md).
#   docker build -t non-recours .
#   docker run --rm -p 8080:8080 -v "$PWD/mes-regles:/rules:ro" non-recours
# Copies only what the build reads (the repository has no .dockerignore: local node_modules and dist
# must not enter the image).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsup.config.ts ./
COPY src ./src
COPY rules ./rules
COPY schema ./schema
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/rules ./rules
COPY --from=build /app/schema ./schema
# An empty /rules when no folder is mounted: the bundled catalog alone.
RUN mkdir -p /rules
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js", "serve", "--host", "0.0.0.0", "--port", "8080", "--rules", "/rules"]
