# The immunowatch worker image. Configuration by environment only (ConnectionStrings__ImmunoWatch,
# Digests__TokenSecret, Digests__PublicBaseUrl, Smtp__*; see deploy/README.md). The build stage runs
# deploy/local/publish.sh, the script CI runs on every test run, so the image build cannot rot unseen.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN ./deploy/local/publish.sh

# The published worker carries its own runtime (self-contained, one composite ReadyToRun image),
# so the runtime stage needs only the runtime's native dependencies.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /src/artifacts/immunowatch .
ENV Urls=http://0.0.0.0:8080 \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The image's own non-root user (uid 1654).
USER app
# Liveness without curl: the executable asks its own /health/live.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/app/immunowatch", "health"]
# SIGTERM starts a graceful stop: running polls and SMTP transmissions finish within 45 s
# (HostOptions.ShutdownTimeout); give the container at least 60 s (docker stop -t 60, compose
# stop_grace_period, Kubernetes terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/immunowatch"]
CMD ["run"]
