"""Sign-up and sign-in forms (Flask-WTF: validation and CSRF in one place)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from r2w.models.accounts import EMAIL_MAX, NAME_MAX

PASSWORD_MIN = 10
PASSWORD_MAX = 256


def _new_password(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use at least {PASSWORD_MIN} and at most {PASSWORD_MAX} characters.",
            ),
        ],
        description=f"At least {PASSWORD_MIN} characters.",
    )


def _repeat_password() -> PasswordField:
    return PasswordField(
        "Repeat password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


class RegisterForm(FlaskForm):
    """Create an account."""

    name = StringField("Your name", validators=[Optional(), Length(max=NAME_MAX)])
    email = EmailField(
        "Email",
        validators=[InputRequired(), Length(max=EMAIL_MAX), Email(check_deliverability=False)],
    )
    password = _new_password("Password")
    confirm = _repeat_password()


class LoginForm(FlaskForm):
    """Sign in with email and password."""

    email = EmailField("Email", validators=[InputRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=PASSWORD_MAX)])


class ResetRequestForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField("Email", validators=[InputRequired(), Length(max=EMAIL_MAX)])


class NewPasswordForm(FlaskForm):
    """Choose a new password (from a reset link)."""

    password = _new_password("New password")
    confirm = _repeat_password()
